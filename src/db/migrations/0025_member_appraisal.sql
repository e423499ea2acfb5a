CREATE TABLE "member_appraisal" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"grade" text,
	"follow_up" text,
	"follow_up_on" date,
	"follow_up_until" date,
	"follow_up_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_appraisal_grade_ck" CHECK ("member_appraisal"."grade" is null or "member_appraisal"."grade" in ('excellent','qualified','basically_qualified','unqualified')),
	CONSTRAINT "member_appraisal_follow_up_ck" CHECK (("member_appraisal"."follow_up" is null and "member_appraisal"."follow_up_on" is null and "member_appraisal"."follow_up_until" is null)
        or ("member_appraisal"."grade" = 'unqualified' and "member_appraisal"."follow_up" in ('rectify','persuade_out','strike_off') and "member_appraisal"."follow_up_on" is not null
            and ("member_appraisal"."follow_up_until" is null or ("member_appraisal"."follow_up" = 'rectify' and "member_appraisal"."follow_up_until" > "member_appraisal"."follow_up_on"))))
);
--> statement-breakpoint
ALTER TABLE "member_appraisal" ADD CONSTRAINT "member_appraisal_meeting_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_appraisal" ADD CONSTRAINT "member_appraisal_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_appraisal" ADD CONSTRAINT "member_appraisal_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "member_appraisal_member_year_uq" ON "member_appraisal" USING btree ("member_id","year");--> statement-breakpoint
CREATE INDEX "member_appraisal_meeting_idx" ON "member_appraisal" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "member_appraisal_org_idx" ON "member_appraisal" USING btree ("org_id","year");--> statement-breakpoint
-- Hand-written (decision 0030): appraisal results are audited like the meetings they belong to (migration 0012)
CREATE TRIGGER member_appraisal_audit AFTER INSERT OR UPDATE OR DELETE ON member_appraisal FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
