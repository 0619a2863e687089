// The detail after the colon of a server's msg, added to an English text that cannot name it (lib/error-text.ts).
import t from 'tap';
import { errorDetail } from '../src/lib/error-text.js';

t.test('English gets the detail, Chinese already has the whole msg', async (t) => {
  const msg = "连接失败: Access denied for user 'root'@'localhost'";
  t.equal(errorDetail('Could not connect to the source database', msg, 'en-US'), "Could not connect to the source database: Access denied for user 'root'@'localhost'");
  t.equal(errorDetail(msg, msg, 'zh-CN'), msg);
  t.equal(errorDetail('Invalid cron expression', '无效的 cron 表达式：Invalid pattern', 'en-US'), 'Invalid cron expression: Invalid pattern', 'a full-width colon too');
  t.equal(errorDetail('Vector collection not found', '向量集合不存在', 'en-US'), 'Vector collection not found', 'no colon, no detail');
  t.equal(errorDetail('x: y', 'msg: y', 'en-US'), 'x: y', 'a detail already shown is not repeated');
  t.equal(errorDetail('x', undefined, 'en-US'), 'x');
});
