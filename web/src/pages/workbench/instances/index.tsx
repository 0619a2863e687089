import { ComingSoon } from '../../../components/coming-soon';

/** Placeholder until a later release delivers this page. */
export default function WorkbenchInstancesPage() {
  return <ComingSoon />;
}
