import ExcelJS from 'exceljs';
import type { Collection } from '@app/contracts';

/** The collections list as an .xlsx workbook (one sheet), times in the platform's zone. */
export async function collectionsWorkbook(rows: Collection[], zone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('向量集合');
  sheet.columns = [
    { header: 'ID', key: 'id', width: 8 },
    { header: '名称', key: 'title', width: 28 },
    { header: '数据源', key: 'connectionName', width: 20 },
    { header: '数据表', key: 'tables', width: 30 },
    { header: '字段', key: 'fields', width: 40 },
    { header: '状态', key: 'status', width: 10 },
    { header: '启用', key: 'enabled', width: 8 },
    { header: '向量数', key: 'docCount', width: 10 },
    { header: '向量模型', key: 'embeddingModel', width: 22 },
    { header: '维度', key: 'dimension', width: 8 },
    { header: '距离', key: 'metric', width: 8 },
    { header: '定时同步', key: 'sync', width: 18 },
    { header: '最近同步', key: 'lastSyncAt', width: 20 },
    { header: '创建时间', key: 'createdAt', width: 20 },
    { header: '错误', key: 'lastError', width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  // sv-SE writes 2026-11-25 19:40:45: a sortable wall time in the zone.
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'medium' });
  const when = (iso: string | null) => (iso ? format.format(new Date(iso)) : '');
  for (const c of rows) {
    sheet.addRow({
      id: c.id,
      title: c.title,
      connectionName: c.connectionName ?? '',
      tables: c.tableIds.join(', '),
      fields: c.fieldKeys.join(', '),
      status: c.status,
      enabled: c.isEnabled ? '是' : '否',
      docCount: c.docCount,
      embeddingModel: c.embeddingModel,
      dimension: c.dimension,
      metric: c.metric,
      sync: c.syncEnabled ? (c.syncExpression ?? '') : '',
      lastSyncAt: when(c.lastSyncAt),
      createdAt: when(c.createdAt),
      lastError: c.lastError ?? '',
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
