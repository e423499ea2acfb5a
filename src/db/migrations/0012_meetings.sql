CREATE TABLE "meeting" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"kinds" text[] NOT NULL,
	"held_on" date NOT NULL,
	"starts_at" time,
	"place" text,
	"topic" text NOT NULL,
	"host" text,
	"recorder" text,
	"lecturer" text,
	"minutes" text,
	"resolutions" text,
	"guests" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" integer,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_kinds_ck" CHECK (cardinality("meeting"."kinds") > 0 and "meeting"."kinds" <@ array['general_meeting','committee_meeting','group_meeting','party_lecture','theme_day','life_meeting','appraisal_meeting']::text[])
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	CONSTRAINT "meeting_attendance_status_ck" CHECK ("meeting_attendance"."status" in ('present','excused','absent')),
	CONSTRAINT "meeting_attendance_reason_ck" CHECK ("meeting_attendance"."status" <> 'excused' or ("meeting_attendance"."reason" is not null and btrim("meeting_attendance"."reason") <> ''))
);
--> statement-breakpoint
ALTER TABLE "account_grant" DROP CONSTRAINT "account_grant_actions_ck";--> statement-breakpoint
ALTER TABLE "meeting" ADD CONSTRAINT "meeting_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_org_idx" ON "meeting" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_uq" ON "meeting_attendance" USING btree ("meeting_id","member_id");--> statement-breakpoint
CREATE INDEX "meeting_attendance_member_idx" ON "meeting_attendance" USING btree ("member_id");--> statement-breakpoint
ALTER TABLE "account_grant" ADD CONSTRAINT "account_grant_actions_ck" CHECK (cardinality("account_grant"."actions") > 0 and "account_grant"."actions" <@ array['read','reveal','write','import','audit.read','meetings.write']::text[]);
--> statement-breakpoint
-- Hand-written: meetings and their attendance are audited like the other tables (migration 0001); an attendance
-- row's entry is filed under the meeting's org (its org_id) and names the member
CREATE TRIGGER meeting_audit AFTER INSERT OR UPDATE OR DELETE ON meeting FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_audit AFTER INSERT OR UPDATE OR DELETE ON meeting_attendance FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
