import { diagnoseHistory } from './packages/db/src/schema-engine.ts';
console.log(JSON.stringify(await diagnoseHistory('postgres://postgres@127.0.0.1:5432/db_scratch1')));
process.exit(0);
