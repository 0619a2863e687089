import { defineError } from '@app/service-kit';

// The vectors service's typed errors, each declared once. The code is the envelope's stable `errorKey`, which
// the console translates (web/src/i18n/catalogue/errors.ts); the message stays Chinese.
export const ConnectionNotFoundError = defineError('VEC_CONNECTION_NOT_FOUND', '数据源连接不存在', 404);
/** The source refused or did not answer in time: the driver's reason follows the colon. */
export const ConnectionFailedError = defineError('VEC_CONNECTION_FAILED', '连接失败: %s', 400);
/** The stored password was encrypted with another SECRETS_KEY (or is corrupt): save the password again. */
export const ConnectionSecretUnreadableError = defineError('VEC_CONNECTION_SECRET_UNREADABLE', '无法解密已保存的密码，请重新填写密码', 409);
/** Collections read from the connection: the titles of the first few follow the colon. Delete or move them first. */
export const ConnectionInUseError = defineError('VEC_CONNECTION_IN_USE', '该数据源连接正被向量集合使用: %s', 409);
/** The embedding provider did not answer (down, timed out, 5xx or 429 after the retries): host and reason follow. */
export const EmbeddingUnavailableError = defineError('VEC_EMBEDDING_UNAVAILABLE', '向量模型服务不可用 (%s): %s', 503);
/** The provider refused the request (unknown model, bad API key, bad input): its own message follows. Not 401: that would log the user out. */
export const EmbeddingRejectedError = defineError('VEC_EMBEDDING_REJECTED', '向量模型服务拒绝了请求 (%s): %s', 400);
/** The provider answered vectors of another dimension than the model's (or the collection's). */
export const EmbeddingDimensionError = defineError('VEC_EMBEDDING_DIMENSION', '向量维度不符 (%s): 应为 %s，实际为 %s', 409);
/** A model this service does not serve (neither the built-in lexical one nor one of EMBEDDING_REMOTE_MODELS). */
export const EmbeddingModelUnknownError = defineError('VEC_EMBEDDING_MODEL_UNKNOWN', '未知的向量模型: %s', 400);
export const CollectionNotFoundError = defineError('VEC_COLLECTION_NOT_FOUND', '向量集合不存在', 404);
export const CollectionTitleTakenError = defineError('VEC_COLLECTION_TITLE_TAKEN', '向量集合名称已存在', 409);
/** A build or sync of the collection is waiting or running: one at a time. */
export const CollectionBusyError = defineError('VEC_COLLECTION_BUSY', '该向量集合正在构建或同步中', 409);
/** A sync needs a built collection; a failed or cancelled build is rebuilt first. */
export const CollectionNotReadyError = defineError('VEC_COLLECTION_NOT_READY', '向量集合尚未构建完成，请先重新构建', 409);
/** A cron expression croner refuses: its reason follows. */
export const CronInvalidError = defineError('VEC_CRON_INVALID', '无效的 cron 表达式: %s', 400);

// The wizard and the plans it makes: each message names the table or field at fault.
export const SourceTableNotFoundError = defineError('VEC_SOURCE_TABLE_NOT_FOUND', '数据表不存在: %s', 400);
export const SourceFieldNotFoundError = defineError('VEC_SOURCE_FIELD_NOT_FOUND', '字段不存在: %s', 400);
/** A query on an open source failed (a timeout, a privilege it lacks): the driver's reason follows the colon. */
export const SourceQueryFailedError = defineError('VEC_SOURCE_QUERY_FAILED', '读取数据源失败: %s', 400);
export const PlanTableRepeatedError = defineError('VEC_PLAN_TABLE_REPEATED', '数据表重复: %s', 400);
export const PlanFieldOutsideTablesError = defineError('VEC_PLAN_FIELD_OUTSIDE_TABLES', '字段 %s 不属于所选的数据表', 400);
export const PlanJoinInvalidError = defineError('VEC_PLAN_JOIN_INVALID', '关联条件无效: %s', 400);
export const PlanJoinMissingError = defineError('VEC_PLAN_JOIN_MISSING', '数据表 %s 未与前面的数据表关联', 400);
export const PlanNoPrimaryKeyError = defineError('VEC_PLAN_NO_PRIMARY_KEY', '数据表 %s 没有主键，请在高级设置中指定主键', 400);
export const PlanFieldNotInMainTableError = defineError('VEC_PLAN_FIELD_NOT_IN_MAIN_TABLE', '%s 不是主表的字段', 400);
export const PlanFieldNotChosenError = defineError('VEC_PLAN_FIELD_NOT_CHOSEN', '%s 不在所选字段中', 400);

// The tools module.
/** The text to clean is larger than LLM_CLEAN_MAX_BYTES: the limit follows the colon (`> 1048576 B`). */
export const ToolsInputTooLargeError = defineError('VEC_TOOLS_INPUT_TOO_LARGE', '待清洁的文本过大: %s', 413);
/** A disabled collection is not searchable: the title follows. */
export const CollectionDisabledError = defineError('VEC_COLLECTION_DISABLED', '向量集合已停用: %s', 409);
/** Searched while its first build (or a rebuild) runs. */
export const CollectionBuildingError = defineError('VEC_COLLECTION_BUILDING', '向量集合正在构建中，完成后才能搜索', 409);

// Knowledge bases.
export const KbNotFoundError = defineError('KB_NOT_FOUND', '知识库不存在', 404);
/** vectorIds names collections that do not exist: their ids follow the colon. */
export const KbVectorsNotFoundError = defineError('KB_VECTORS_NOT_FOUND', '向量集合不存在: %s', 400);
export const KbKeyNotFoundError = defineError('KB_KEY_NOT_FOUND', '知识库 API 密钥不存在', 404);
