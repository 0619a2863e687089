// What the two counting tables share: the rollup holds whole days, the raw logs answer for partial ones,
// and /api/stats adds the two, so both answer in the same rows with the same filters.

export type Dimension = 'day' | 'project' | 'user';

/** One group of a chart: a day (a date) or a project / user id, and its counts. */
export interface CountsRow {
  key: Date | number;
  total: number;
  success: number;
  failed: number;
}

/** The optional filters of a count: one user's, one project's. */
export interface CountsScope {
  userId?: number;
  projectId?: number;
}

/** The column a dimension groups by (the raw logs group `day` by an expression of their own). */
export const groupColumn = (dimension: Dimension) => ({ day: 'day', project: 'project_id', user: 'user_id' })[dimension];

/** The scope as SQL conditions, its values appended to `params`. */
export const scopeSql = (scope: CountsScope, params: unknown[]) =>
  (scope.userId !== undefined ? ` AND user_id = $${params.push(scope.userId)}` : '') + (scope.projectId ? ` AND project_id = $${params.push(scope.projectId)}` : '');
