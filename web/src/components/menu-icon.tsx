/**
 * Menu `icon` strings → antd icons. Seed 004 uses lucide names (`LayoutDashboard`), art-design-pro
 * and hand-made menus antd names (`DashboardOutlined`); both are accepted. Only this short list is
 * bundled, never the whole icon set.
 */
import type { ComponentType } from 'react';
import {
  ApiOutlined, AppstoreOutlined, BarChartOutlined, BookOutlined, ClearOutlined, CloudServerOutlined,
  ControlOutlined, DashboardOutlined, DatabaseOutlined, DesktopOutlined, FileSearchOutlined, FileTextOutlined,
  FolderOutlined, HomeOutlined, LineChartOutlined, LinkOutlined, MenuOutlined, MonitorOutlined, ProfileOutlined,
  ReadOutlined, SafetyOutlined, SearchOutlined, SettingOutlined, TeamOutlined, ThunderboltOutlined, ToolOutlined,
  UserOutlined, UsergroupAddOutlined, ExperimentOutlined, CodeOutlined, ClusterOutlined,
} from '@ant-design/icons';

const icons: Record<string, ComponentType> = {
  // lucide names (seed 004)
  layoutdashboard: DashboardOutlined,
  dashboard: DashboardOutlined,
  gauge: DashboardOutlined,
  home: HomeOutlined,
  briefcase: AppstoreOutlined,
  layoutgrid: AppstoreOutlined,
  folder: FolderOutlined,
  folderkanban: FolderOutlined,
  workflow: ClusterOutlined,
  server: CloudServerOutlined,
  cpu: DesktopOutlined,
  activity: MonitorOutlined,
  monitor: MonitorOutlined,
  barchart: BarChartOutlined,
  barchart3: BarChartOutlined,
  chartbar: BarChartOutlined,
  linechart: LineChartOutlined,
  database: DatabaseOutlined,
  search: SearchOutlined,
  filesearch: FileSearchOutlined,
  bookopen: BookOutlined,
  book: BookOutlined,
  library: ReadOutlined,
  wrench: ToolOutlined,
  tool: ToolOutlined,
  sparkles: ClearOutlined,
  eraser: ClearOutlined,
  filetext: FileTextOutlined,
  filecode: CodeOutlined,
  code: CodeOutlined,
  settings: SettingOutlined,
  cog: SettingOutlined,
  menu: MenuOutlined,
  listtree: MenuOutlined,
  users: TeamOutlined,
  user: UserOutlined,
  usercog: UsergroupAddOutlined,
  shield: SafetyOutlined,
  shieldcheck: SafetyOutlined,
  lock: SafetyOutlined,
  scrolltext: ProfileOutlined,
  logs: ProfileOutlined,
  link: LinkOutlined,
  zap: ThunderboltOutlined,
  flask: ExperimentOutlined,
  sliders: ControlOutlined,
  api: ApiOutlined,
  // antd names
  dashboardoutlined: DashboardOutlined,
  homeoutlined: HomeOutlined,
  appstoreoutlined: AppstoreOutlined,
  folderoutlined: FolderOutlined,
  cloudserveroutlined: CloudServerOutlined,
  desktopoutlined: DesktopOutlined,
  monitoroutlined: MonitorOutlined,
  barchartoutlined: BarChartOutlined,
  linechartoutlined: LineChartOutlined,
  databaseoutlined: DatabaseOutlined,
  searchoutlined: SearchOutlined,
  filesearchoutlined: FileSearchOutlined,
  bookoutlined: BookOutlined,
  readoutlined: ReadOutlined,
  tooloutlined: ToolOutlined,
  clearoutlined: ClearOutlined,
  filetextoutlined: FileTextOutlined,
  codeoutlined: CodeOutlined,
  settingoutlined: SettingOutlined,
  menuoutlined: MenuOutlined,
  teamoutlined: TeamOutlined,
  useroutlined: UserOutlined,
  safetyoutlined: SafetyOutlined,
  profileoutlined: ProfileOutlined,
  linkoutlined: LinkOutlined,
  apioutlined: ApiOutlined,
  clusteroutlined: ClusterOutlined,
};

export function MenuIcon({ name }: { name?: string | null }) {
  if (!name) return null;
  const Icon = icons[name.replace(/[-_\s]/g, '').toLowerCase()] ?? AppstoreOutlined;
  return <Icon />;
}
