// The console in real Chromium, the gateway in API_ERROR_STATUS=ok (HTTP 200 with the code in the body, for
// art-design-pro clients): the same flow must work, errors told, a refused page shown, logout on 401.
import t from 'tap';
import { runConsoleFlow } from './console-flow.js';

await runConsoleFlow(t, 'ok');
