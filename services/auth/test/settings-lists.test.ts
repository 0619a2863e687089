// art-design-pro's system-management lists: GET /api/user/list and GET /api/role/list.
import t from 'tap';
import { ADMIN_PASSWORD, buildAuth } from './helpers.js';

t.test('art-design-pro lists', async (t) => {
  const h = await buildAuth(t);
  const { token } = await h.login('admin', ADMIN_PASSWORD);
  const get = (url: string, auth = token) => h.app.inject({ url, headers: { authorization: auth } }); // raw token, as art-design-pro sends it

  const carolId = await h.createUser({ username: 'carol', password: 'Carol-pass-1', roleKey: 'editor' });
  await h.app.db.user.update({ where: { id: carolId }, data: { gender: 'female', phone: '13900001111', nickname: 'Carol', createdBy: 'admin' } });
  await h.createUser({ username: 'dave', password: 'Dave-pass-12', roleKey: 'viewer', status: 0 });

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
    t.ok(!Number.isNaN(Date.parse(carol.createTime)) && !Number.isNaN(Date.parse(carol.updateTime)));
    t.equal(data.records.find((u: { userName: string }) => u.userName === 'dave').status, '2', "'2' = disabled");
  });

  t.test('user list filters', async (t) => {
    const names = async (query: string) => (await get(`/api/user/list?${query}`)).json().data.records.map((u: { userName: string }) => u.userName);
    t.same(await names(`id=${carolId}`), ['carol']);
    t.same(await names('userName=CAR'), ['carol']);
    t.same(await names('userGender=女'), ['carol']);
    t.same(await names('userGender=female'), ['carol']);
    t.same(await names('userPhone=0000'), ['carol']);
    t.same(await names('userEmail=dave@'), ['dave']);
    t.same(await names('status=2'), ['dave']);
    t.same(await names('status=1&size=1'), ['admin']);
    t.equal((await get('/api/user/list?status=3')).statusCode, 400);
  });

  t.test('role list in RoleListItem shape', async (t) => {
    const res = await get('/api/role/list?current=1&size=2');
    t.equal(res.statusCode, 200);
    const data = res.json().data;
    t.match(data, { total: 4, current: 1, size: 2 });
    t.same(Object.keys(data.records[0]).sort(), ['createTime', 'description', 'enabled', 'roleCode', 'roleId', 'roleName']);
    t.match(data.records[0], { roleId: Number, roleCode: 'admin', roleName: '超级管理员', enabled: true, description: String });

    const codes = async (query: string) => (await get(`/api/role/list?${query}`)).json().data.records.map((r: { roleCode: string }) => r.roleCode);
    t.same(await codes('roleCode=ED'), ['editor']);
    t.same(await codes('roleName=管理'), ['admin']);
    const viewer = await h.app.db.role.update({ where: { roleKey: 'viewer' }, data: { enabled: false } });
    t.same(await codes('enabled=false'), ['viewer']);
    const created = viewer.createdAt.toISOString();
    t.same((await codes(`startTime=${created}&endTime=${created}`)).includes('viewer'), true, 'time range');
    t.same(await codes('startTime=2999-01-01'), []);
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
