import t from 'tap';
import { instanceProjectLabel, instanceUserLabel, nameOrId, ownerLabel } from '../src/pages/workbench/logic/names.js';

t.test('a project card names its owner by username', async (t) => {
  t.equal(ownerLabel({ ownerUserId: 23, ownerName: 'alice' }), 'alice');
});

t.test('without a name (auth down: null; an older API: absent; blank) the id is shown', async (t) => {
  t.equal(ownerLabel({ ownerUserId: 23, ownerName: null }), '#23');
  t.equal(nameOrId(undefined, 23), '#23');
  t.equal(nameOrId('  ', 7), '#7');
  t.equal(nameOrId('', '7'), '#7');
});

t.test('an instance row names its project and user, each falling back on its own', async (t) => {
  const row = { projectId: 4, projectName: '演示项目', userId: 9, userName: 'ursula' };
  t.equal(instanceProjectLabel(row), '演示项目');
  t.equal(instanceUserLabel(row), 'ursula');
  const projectsDown = { ...row, projectName: null };
  t.equal(instanceProjectLabel(projectsDown), '#4', 'projects down: the project id');
  t.equal(instanceUserLabel(projectsDown), 'ursula', 'the username is still shown');
  const authDown = { ...row, userName: null };
  t.equal(instanceUserLabel(authDown), '#9', 'auth down: the user id');
  t.equal(instanceProjectLabel(authDown), '演示项目', 'the project name is still shown');
});
