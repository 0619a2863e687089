// art-design-pro's system-management lists: GET /api/user/list and GET /api/role/list, with the search
// parameters its forms send (its views system/user and system/role; the shapes are checked against its
// api.d.ts through the gateway in services/gateway/test/art-design-pro.test.ts).
import t from 'tap';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';

t.test('art-design-pro lists', async (t) => {
  // A zone east of UTC: 16:30 UTC is the next day there, which the times and the day filters must show.
  const h = await buildAuth(t, { PLATFORM_TIMEZONE: 'Asia/Shanghai' });
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const get = (url: string, auth = token) => h.app.inject({ url, headers: { authorization: auth } }); // raw token, as art-design-pro sends it

  const carolId = await h.createUser({ username: 'carol', password: 'Carol-pass-1', roleKey: 'editor' });
  await h.app.db.user.update({
    where: { id: carolId },
    data: { gender: 'female', phone: '13900001111', nickname: 'Carol', createdBy: 'admin', createdAt: new Date('2026-03-01T16:30:05Z') },
  });
  const daveId = await h.createUser({ username: 'dave', password: 'Dave-pass-12', roleKey: 'viewer', status: 0 });
  await h.app.db.user.update({ where: { id: daveId }, data: { gender: 'male' } });

  t.test('user list in UserListItem shape', async (t) => {
    const res = await get('/api/user/list?current=1&size=10');
    t.equal(res.statusCode, 200);
    t.notMatch(res.body, /passwordHash|\$argon2/);
    const data = res.json().data;
    t.match(data, { total: 3, current: 1, size: 10 });
    const carol = data.records.find((u: { userName: string }) => u.userName === 'carol');
    t.same(Object.keys(carol).sort(), ['avatar', 'createBy', 'createTime', 'id', 'nickName', 'status', 'updateBy', 'updateTime', 'userEmail', 'userGender', 'userName', 'userPhone', 'userRoles'].sort());
    t.match(carol, {
      id: carolId, avatar: '', status: '1', userGender: '女', nickName: 'Carol', userPhone: '13900001111', userEmail: 'carol@example.com',
      userRoles: ['editor'], createBy: 'admin', updateBy: '',
    });
    t.equal(carol.createTime, '2026-03-02 00:30:05', 'YYYY-MM-DD HH:mm:ss in the platform zone');
    t.match(carol.updateTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    t.equal(data.records.find((u: { userName: string }) => u.userName === 'dave').status, '4', "a disabled account is '4' 注销");
  });

  t.test('user list search: the fields of its form, as it sends them', async (t) => {
    const names = async (query: string) => {
      const res = await get(`/api/user/list?current=1&size=20&${query}`);
      t.equal(res.statusCode, 200, query);
      return res.json().data.records.map((u: { userName: string }) => u.userName);
    };
    t.same(await names('status=1'), ['admin', 'carol'], "its first request: status=1 by default, the enabled accounts");
    t.same(await names('status=4'), ['dave']);
    t.same(await names('status=2'), [], "'2' 离线 describes no account");
    t.same(await names('status=3'), [], "'3' 异常 describes no account");
    t.same(await names(`id=${carolId}`), ['carol']);
    t.same(await names('userName=CAR'), ['carol']);
    t.same(await names('userGender=2'), ['carol'], "its radio's '2' 女");
    t.same(await names('userGender=1'), ['dave'], "its radio's '1' 男");
    t.same(await names(`userGender=${encodeURIComponent('女')}`), ['carol']);
    t.same(await names('userGender=female'), ['carol']);
    t.same(await names('userPhone=0000'), ['carol']);
    t.same(await names('userEmail=dave@'), ['dave']);
    t.same(await names('userName=&userPhone=&userEmail=&userGender=&status=&id='), ['admin', 'carol', 'dave'], "'' is no filter (a reset form)");
    t.same(await names('status=1&userName=a'), ['admin', 'carol'], 'filters combine');
    t.equal((await get('/api/user/list?status=5')).statusCode, 400);
  });

  t.test('role list in RoleListItem shape, and its search', async (t) => {
    const res = await get('/api/role/list?current=1&size=2');
    t.equal(res.statusCode, 200);
    const data = res.json().data;
    t.match(data, { total: 4, current: 1, size: 2 });
    t.same(Object.keys(data.records[0]).sort(), ['createTime', 'description', 'enabled', 'roleCode', 'roleId', 'roleName']);
    t.match(data.records[0], { roleId: Number, roleCode: 'admin', roleName: '超级管理员', enabled: true, description: String });
    t.match(data.records[0].createTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const codes = async (query: string) => {
      const res = await get(`/api/role/list?current=1&size=20&${query}`);
      t.equal(res.statusCode, 200, query);
      return res.json().data.records.map((r: { roleCode: string }) => r.roleCode);
    };
    t.same(await codes('roleCode=ED'), ['editor']);
    t.same(await codes(`roleName=${encodeURIComponent('管理')}`), ['admin']);
    const viewer = await h.app.db.role.update({
      where: { roleKey: 'viewer' },
      data: { enabled: false, description: 'Read-only access', createdAt: new Date('2026-03-01T16:30:05Z') },
    });
    t.same(await codes('description=READ-ONLY'), ['viewer']);
    t.same(await codes(`roleId=${viewer.id}`), ['viewer']);
    t.same(await codes('enabled=false'), ['viewer']);
    t.same(await codes('enabled=true'), ['admin', 'editor', 'user']);
    t.same((await codes('roleName=&roleCode=&description=&enabled=&startTime=&endTime=')).sort(), ['admin', 'editor', 'user', 'viewer'], "'' is no filter");
    // Its date range sends days: whole days of the platform zone (the viewer was created on 2 March there).
    t.same(await codes('startTime=2026-03-02&endTime=2026-03-02'), ['viewer'], 'the day in Asia/Shanghai');
    t.same(await codes('startTime=2026-03-01&endTime=2026-03-01'), [], 'not the UTC day');
    t.same(await codes('endTime=2026-03-02'), ['viewer'], 'endTime alone, inclusive');
    t.same(await codes(`startTime=${encodeURIComponent('2026-03-01T16:30:05Z')}&endTime=${encodeURIComponent('2026-03-01T16:30:05Z')}`), ['viewer'], 'date-times are instants');
    t.same(await codes('startTime=2999-01-01'), []);
    const late = await get('/api/role/list?startTime=2026-03-03&endTime=2026-03-02');
    t.equal(late.statusCode, 400);
    t.match(late.json(), { errorKey: 'VALIDATION_FAILED', msg: /endTime/ });
    t.equal((await get('/api/role/list?endTime=later')).statusCode, 400);
  });

  t.test('permissions: system:users and system:roles', async (t) => {
    await h.createUser({ username: 'list-editor', password: 'Editor-pass-1', roleKey: 'editor' });
    const editor = (await h.login('list-editor', 'Editor-pass-1')).token;
    t.equal((await get('/api/user/list', editor)).statusCode, 403);
    t.equal((await get('/api/role/list', editor)).statusCode, 403);
    t.equal((await h.app.inject({ url: '/api/user/list' })).statusCode, 401);
  });
});
