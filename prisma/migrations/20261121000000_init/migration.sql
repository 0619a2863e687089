-- CreateTable
CREATE TABLE "xl_users" (
    "id" SERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "nickname" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "avatar" TEXT,
    "gender" TEXT,
    "age" INTEGER,
    "role_key" TEXT NOT NULL DEFAULT 'user',
    "status" SMALLINT NOT NULL DEFAULT 1,
    "is_deleted" BOOLEAN NOT NULL DEFAULT false,
    "last_login_time" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "updated_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_roles" (
    "id" SERIAL NOT NULL,
    "role_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "permissions" JSONB NOT NULL DEFAULT '[]',
    "is_builtin" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_roles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_menus" (
    "id" SERIAL NOT NULL,
    "parent_id" INTEGER,
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "name" TEXT,
    "path" TEXT,
    "component" TEXT,
    "icon" TEXT,
    "sort" INTEGER NOT NULL DEFAULT 0,
    "is_visible" BOOLEAN NOT NULL DEFAULT true,
    "perms" TEXT,
    "roles" JSONB NOT NULL DEFAULT '[]',
    "keep_alive" BOOLEAN NOT NULL DEFAULT false,
    "link" TEXT,
    "is_iframe" BOOLEAN NOT NULL DEFAULT false,
    "is_deleted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_menus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_captchas" (
    "uuid" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "expire_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_captchas_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "xl_refresh_tokens" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "family_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "replaced_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_ip_security" (
    "id" SERIAL NOT NULL,
    "ip_or_cidr" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'banned',
    "reason" TEXT,
    "expire_at" TIMESTAMPTZ(3),
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_ip_security_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_system_logs" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "user_id" INTEGER,
    "username" TEXT,
    "ip" TEXT,
    "method" TEXT,
    "path" TEXT,
    "status" INTEGER,
    "duration_ms" INTEGER,
    "detail" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_system_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_projects" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "note" TEXT,
    "owner_user_id" INTEGER NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "is_deleted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "xl_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_comfyui_services" (
    "service_id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "port" INTEGER,
    "pid" INTEGER,
    "gpu" TEXT,
    "status" TEXT NOT NULL DEFAULT 'starting',
    "last_heartbeat" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "data_dir" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_comfyui_services_pkey" PRIMARY KEY ("service_id")
);

-- CreateTable
CREATE TABLE "xl_generation_logs" (
    "log_id" BIGSERIAL NOT NULL,
    "client_id" TEXT,
    "user_id" INTEGER NOT NULL,
    "project_id" INTEGER NOT NULL,
    "service_id" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL,
    "concurrent_id" TEXT,
    "prompt_id" TEXT,
    "duration_ms" INTEGER,
    "details" JSONB,

    CONSTRAINT "xl_generation_logs_pkey" PRIMARY KEY ("log_id")
);

-- CreateTable
CREATE TABLE "xl_generation_daily" (
    "day" DATE NOT NULL,
    "project_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "success" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_generation_daily_pkey" PRIMARY KEY ("day","project_id","user_id")
);

-- CreateTable
CREATE TABLE "xl_tasks" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "user_id" INTEGER,
    "payload" JSONB,
    "result" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "xl_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_db_connections" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "database" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "password_encrypted" TEXT NOT NULL,
    "options" JSONB,
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_db_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_vectors" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "db_id" INTEGER,
    "table_ids" JSONB NOT NULL DEFAULT '[]',
    "field_keys" JSONB NOT NULL DEFAULT '[]',
    "join_config" JSONB,
    "advanced_config" JSONB,
    "doc_count" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'building',
    "last_error" TEXT,
    "is_enabled" BOOLEAN NOT NULL DEFAULT true,
    "sync_enabled" BOOLEAN NOT NULL DEFAULT false,
    "sync_expression" TEXT,
    "last_sync_at" TIMESTAMPTZ(3),
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_vectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xl_knowledge_bases" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "vector_ids" JSONB NOT NULL DEFAULT '[]',
    "retrieval_config" JSONB,
    "api_key_hash" TEXT,
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xl_knowledge_bases_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "xl_users_username_key" ON "xl_users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "xl_users_email_key" ON "xl_users"("email");

-- CreateIndex
CREATE INDEX "xl_users_role_key_idx" ON "xl_users"("role_key");

-- CreateIndex
CREATE UNIQUE INDEX "xl_roles_role_key_key" ON "xl_roles"("role_key");

-- CreateIndex
CREATE INDEX "xl_menus_parent_id_idx" ON "xl_menus"("parent_id");

-- CreateIndex
CREATE INDEX "xl_captchas_expire_at_idx" ON "xl_captchas"("expire_at");

-- CreateIndex
CREATE UNIQUE INDEX "xl_refresh_tokens_token_hash_key" ON "xl_refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "xl_refresh_tokens_family_id_idx" ON "xl_refresh_tokens"("family_id");

-- CreateIndex
CREATE INDEX "xl_refresh_tokens_user_id_idx" ON "xl_refresh_tokens"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "xl_ip_security_ip_or_cidr_key" ON "xl_ip_security"("ip_or_cidr");

-- CreateIndex
CREATE INDEX "xl_ip_security_status_idx" ON "xl_ip_security"("status");

-- CreateIndex
CREATE INDEX "xl_system_logs_created_at_idx" ON "xl_system_logs"("created_at");

-- CreateIndex
CREATE INDEX "xl_system_logs_type_created_at_idx" ON "xl_system_logs"("type", "created_at");

-- CreateIndex
CREATE INDEX "xl_system_logs_action_created_at_idx" ON "xl_system_logs"("action", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "xl_projects_code_key" ON "xl_projects"("code");

-- CreateIndex
CREATE INDEX "xl_projects_owner_user_id_idx" ON "xl_projects"("owner_user_id");

-- CreateIndex
CREATE INDEX "xl_comfyui_services_project_id_idx" ON "xl_comfyui_services"("project_id");

-- CreateIndex
CREATE INDEX "xl_comfyui_services_user_id_idx" ON "xl_comfyui_services"("user_id");

-- CreateIndex
CREATE INDEX "xl_comfyui_services_status_idx" ON "xl_comfyui_services"("status");

-- CreateIndex
CREATE UNIQUE INDEX "xl_generation_logs_client_id_key" ON "xl_generation_logs"("client_id");

-- CreateIndex
CREATE UNIQUE INDEX "xl_generation_logs_prompt_id_key" ON "xl_generation_logs"("prompt_id");

-- CreateIndex
CREATE INDEX "xl_generation_logs_user_id_timestamp_idx" ON "xl_generation_logs"("user_id", "timestamp");

-- CreateIndex
CREATE INDEX "xl_generation_logs_project_id_timestamp_idx" ON "xl_generation_logs"("project_id", "timestamp");

-- CreateIndex
CREATE INDEX "xl_generation_logs_timestamp_idx" ON "xl_generation_logs"("timestamp");

-- CreateIndex
CREATE INDEX "xl_generation_daily_user_id_day_idx" ON "xl_generation_daily"("user_id", "day");

-- CreateIndex
CREATE INDEX "xl_generation_daily_project_id_day_idx" ON "xl_generation_daily"("project_id", "day");

-- CreateIndex
CREATE INDEX "xl_tasks_user_id_created_at_idx" ON "xl_tasks"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "xl_tasks_status_created_at_idx" ON "xl_tasks"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "xl_vectors_title_key" ON "xl_vectors"("title");

-- CreateIndex
CREATE UNIQUE INDEX "xl_knowledge_bases_api_key_hash_key" ON "xl_knowledge_bases"("api_key_hash");

-- AddForeignKey
ALTER TABLE "xl_menus" ADD CONSTRAINT "xl_menus_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "xl_menus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "xl_refresh_tokens" ADD CONSTRAINT "xl_refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "xl_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
