CREATE TABLE "recruitment_case" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"member_id" integer,
	"closed_on" date,
	"close_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recruitment_step" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"taken_on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruitment_case" ADD CONSTRAINT "recruitment_case_person_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_case" ADD CONSTRAINT "recruitment_case_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_case" ADD CONSTRAINT "recruitment_case_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_step" ADD CONSTRAINT "recruitment_step_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."recruitment_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recruitment_step" ADD CONSTRAINT "recruitment_step_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recruitment_case_org_idx" ON "recruitment_case" USING btree ("org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "recruitment_case_open_uq" ON "recruitment_case" USING btree ("person_id") WHERE "recruitment_case"."status" in ('applicant','activist','candidate','probationary');--> statement-breakpoint
CREATE INDEX "recruitment_step_case_idx" ON "recruitment_step" USING btree ("case_id","taken_on");--> statement-breakpoint
CREATE INDEX "recruitment_step_org_idx" ON "recruitment_step" USING btree ("org_id","kind","taken_on");--> statement-breakpoint
-- Hand-written (decision 0025): recruitment cases and steps are audited like the other records, and a person with no
-- membership (an applicant) is scoped by the org of their latest recruitment case. Otherwise jiceng_audit_row is as
-- migration 0007 wrote it.
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
    -- an applicant: the org of their latest recruitment case (decision 0025)
    IF opath IS NULL THEN
      SELECT o.path INTO opath FROM recruitment_case rc JOIN org o ON o.id = rc.org_id
       WHERE rc.person_id = (r->>'id')::int ORDER BY rc.id DESC LIMIT 1;
    END IF;
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
CREATE TRIGGER recruitment_case_audit AFTER INSERT OR UPDATE OR DELETE ON recruitment_case FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER recruitment_step_audit AFTER INSERT OR UPDATE OR DELETE ON recruitment_step FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
