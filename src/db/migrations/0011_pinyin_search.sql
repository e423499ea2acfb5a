-- Pinyin search and the roster's name order (decision 0014). Hand-edited after drizzle-kit generate: pg_trgm (the
-- trigram indexes of org search; bundled by PGlite, contrib on PostgreSQL, a trusted extension) is created first,
-- and person.name_pinyin spells ü as v from here on, as pinyin input methods do (吕 lv) — written without an
-- audit entry per row (jiceng.bulk, as bulk writes do) and with one entry for the whole migration. The new derived
-- columns (org.name_initials, org.name_syllables, person.name_sort) need pinyin computed in JavaScript: the
-- scheduled job `search.keys` fills the rows written before this migration (the partial *_missing_idx indexes find
-- them).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
ALTER TABLE "org" ADD COLUMN "name_initials" text;--> statement-breakpoint
ALTER TABLE "org" ADD COLUMN "name_syllables" text;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "name_sort" text;--> statement-breakpoint
CREATE INDEX "org_code_pattern_idx" ON "org" USING btree ("code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "org_name_trgm_idx" ON "org" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "org_initials_trgm_idx" ON "org" USING gin ("name_initials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "org_pinyin_trgm_idx" ON "org" USING gin (replace("name_syllables", ' ', '') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "org_name_keys_missing_idx" ON "org" USING btree ("id") WHERE "org"."name_initials" is null or "org"."name_syllables" is null;--> statement-breakpoint
CREATE INDEX "person_name_sort_idx" ON "person" USING btree ("name_sort" COLLATE "C");--> statement-breakpoint
CREATE INDEX "person_name_sort_missing_idx" ON "person" USING btree ("id") WHERE "person"."name_sort" is null;--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'on', true);--> statement-breakpoint
CREATE TEMPORARY TABLE jiceng_v_pinyin ON COMMIT DROP AS
  SELECT id FROM "person" WHERE strpos("name_pinyin", 'ü') > 0;--> statement-breakpoint
UPDATE "person" SET "name_pinyin" = replace("name_pinyin", 'ü', 'v') WHERE id IN (SELECT id FROM jiceng_v_pinyin);--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'off', true);--> statement-breakpoint
INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after, prev_hash, hash)
SELECT NULL, 'db:' || current_user, NULL, 'bulk_update', 'person', NULL, NULL, NULL, NULL,
       jsonb_build_object('count', count(*), 'source', 'migration:0011_pinyin_search', 'note',
         'name_pinyin (a derived search key) spells ü as v'), '', ''
  FROM jiceng_v_pinyin HAVING count(*) > 0;
