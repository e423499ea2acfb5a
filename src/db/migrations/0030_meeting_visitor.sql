CREATE TABLE "meeting_visitor" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_visitor" ADD CONSTRAINT "meeting_visitor_meeting_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_visitor" ADD CONSTRAINT "meeting_visitor_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_visitor" ADD CONSTRAINT "meeting_visitor_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_visitor_uq" ON "meeting_visitor" USING btree ("meeting_id","member_id");--> statement-breakpoint
CREATE INDEX "meeting_visitor_member_idx" ON "meeting_visitor" USING btree ("member_id");--> statement-breakpoint

-- Hand-written: a visiting member's attendance is audited like the attendance it sits beside (migration 0012)
CREATE TRIGGER meeting_visitor_audit AFTER INSERT OR UPDATE OR DELETE ON meeting_visitor FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
