// The console in real Chromium, the gateway in its default API_ERROR_STATUS=mirror mode (real HTTP statuses).
import t from 'tap';
import { runConsoleFlow } from './console-flow.js';

await runConsoleFlow(t, 'mirror');
