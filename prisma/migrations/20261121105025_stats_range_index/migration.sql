-- CreateIndex
CREATE INDEX "xl_generation_daily_range_idx" ON "xl_generation_daily"("day", "project_id", "user_id", "total", "success", "failed");
