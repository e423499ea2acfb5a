-- People and memberships (decision 0011): the identity, contact and other facts about the human move from `member`
-- to the new table `person`; `member` keeps one membership (org, status, join and confirmation dates, mobility) and
-- points at its person. Hand-edited after drizzle-kit generate: every existing member gets a person of their own,
-- with the member's id as the person's id (so the two can be told apart in old audit entries), before the moved
-- columns are dropped. The backfill writes no audit entry per row (jiceng.bulk, as bulk writes do) but one entry
-- for the whole migration. The audit trigger learns how a person row finds its org (its current membership's,
-- else its latest one's) and person rows are audited from here on.
CREATE TABLE "person" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_initials" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"birth_md" smallint NOT NULL,
	"id_number" text NOT NULL,
	"ethnicity" text NOT NULL,
	"education" text,
	"occupation" text,
	"native_place" text,
	"phone" text,
	"address" text,
	"work_unit" text,
	"job_title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_sex_ck" CHECK ("person"."sex" in ('male','female'))
);
--> statement-breakpoint
ALTER TABLE "member" DROP CONSTRAINT "member_sex_ck";--> statement-breakpoint
DROP INDEX "member_id_number_uq";--> statement-breakpoint
DROP INDEX "member_name_idx";--> statement-breakpoint
DROP INDEX "member_initials_idx";--> statement-breakpoint
DROP INDEX "member_id_rev_idx";--> statement-breakpoint
DROP INDEX "member_birth_md_idx";--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "person_id" integer;--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'on', true);--> statement-breakpoint
INSERT INTO "person" ("id", "name", "name_initials", "name_pinyin", "sex", "birth_date", "birth_md", "id_number",
                      "ethnicity", "education", "occupation", "native_place", "phone", "address", "work_unit",
                      "job_title", "created_at", "updated_at")
SELECT "id", "name", "name_initials", "name_pinyin", "sex", "birth_date", "birth_md", "id_number", "ethnicity",
       "education", "occupation", "native_place", "phone", "address", "work_unit", "job_title", "created_at",
       "updated_at"
  FROM "member" ORDER BY "id";--> statement-breakpoint
UPDATE "member" SET "person_id" = "id";--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('person', 'id'), coalesce((SELECT max("id") FROM "person"), 0) + 1, false);--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'off', true);--> statement-breakpoint
INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after, prev_hash, hash)
SELECT NULL, 'db:' || current_user, NULL, 'bulk_insert', 'person', NULL, NULL, NULL, NULL,
       jsonb_build_object('count', count(*), 'source', 'migration:0007_people', 'note',
         'one person for each existing member, with the member''s identity and contact fields'), '', ''
  FROM "person" HAVING count(*) > 0;--> statement-breakpoint
ALTER TABLE "member" ALTER COLUMN "person_id" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "person_id_number_uq" ON "person" USING btree ("id_number");--> statement-breakpoint
CREATE INDEX "person_name_idx" ON "person" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_initials_idx" ON "person" USING btree ("name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_id_rev_idx" ON "person" USING btree (reverse("id_number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_birth_md_idx" ON "person" USING btree ("birth_md");--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_person_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_person_idx" ON "member" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "member_person_current_uq" ON "member" USING btree ("person_id") WHERE "member"."status" in ('probationary','full','suspended');--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "name";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "name_initials";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "name_pinyin";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "sex";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "birth_date";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "birth_md";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "id_number";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "ethnicity";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "education";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "occupation";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "native_place";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "phone";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "address";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "work_unit";--> statement-breakpoint
ALTER TABLE "member" DROP COLUMN "job_title";;--> statement-breakpoint
-- Hand-written (decision 0011): the audit trigger finds a person row's org through the person's current
-- membership, else their latest one (and names that membership as the entry's member); a person with no membership
-- yet has no org. Otherwise jiceng_audit_row is as migration 0001 wrote it.
CREATE OR REPLACE FUNCTION jiceng_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b jsonb;
  a jsonb;
  r jsonb;
  opath text;
  mid int;
BEGIN
  IF current_setting('jiceng.bulk', true) = 'on' THEN
    RETURN NULL;
  END IF;
  -- secrets and bookkeeping columns are not part of the record's history
  IF TG_OP <> 'INSERT' THEN
    b := to_jsonb(OLD) - 'password_hash' - 'updated_at' - 'row_version' - 'last_login_at' - 'failed_logins' - 'locked_until';
  END IF;
  IF TG_OP <> 'DELETE' THEN
    a := to_jsonb(NEW) - 'password_hash' - 'updated_at' - 'row_version' - 'last_login_at' - 'failed_logins' - 'locked_until';
  END IF;
  IF TG_OP = 'UPDATE' AND b = a THEN
    RETURN NULL;
  END IF;
  r := coalesce(a, b);
  IF TG_TABLE_NAME = 'org' THEN
    opath := r->>'path';
  ELSIF TG_TABLE_NAME = 'member' THEN
    mid := (r->>'id')::int;
    SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int;
  ELSIF TG_TABLE_NAME = 'person' THEN
    SELECT m.id, o.path INTO mid, opath FROM member m JOIN org o ON o.id = m.org_id
     WHERE m.person_id = (r->>'id')::int
     ORDER BY (m.status IN ('probationary','full','suspended')) DESC, m.joined_on DESC, m.id DESC LIMIT 1;
  ELSIF r ? 'member_id' AND TG_TABLE_NAME <> 'app_user' THEN
    mid := (r->>'member_id')::int;
    SELECT o.path INTO opath FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = mid;
    IF r ? 'org_id' THEN SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int; END IF;
  ELSIF r ? 'org_id' THEN
    SELECT path INTO opath FROM org WHERE id = (r->>'org_id')::int;
  END IF;
  INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after, prev_hash, hash)
  VALUES (
    nullif(current_setting('jiceng.actor_id', true), '')::int,
    coalesce(nullif(current_setting('jiceng.actor_label', true), ''), 'db:' || current_user),
    nullif(current_setting('jiceng.ip', true), ''),
    lower(TG_OP), TG_TABLE_NAME, r->>'id', opath, mid, b, a, '', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER person_audit AFTER INSERT OR UPDATE OR DELETE ON person FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
