/** What the vector page's parts share: the permission that manages them and their query keys. */
export const VECTOR_PERM = 'vector:manage';
export const COLLECTIONS_KEY = ['vectors', 'collections'] as const;
export const CONNECTIONS_KEY = ['vectors', 'connections'] as const;
/** The wizard's lists (databases, tables, fields): the databases are the connections. */
export const WIZARD_KEY = ['vectors', 'wizard'] as const;
