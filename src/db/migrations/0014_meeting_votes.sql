CREATE TABLE "meeting_vote" (
	"id" serial PRIMARY KEY NOT NULL,
	"meeting_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"subject" text NOT NULL,
	"yes" integer NOT NULL,
	"no" integer NOT NULL,
	"abstain" integer NOT NULL,
	"entitled" integer NOT NULL,
	"present_voters" integer NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "meeting_vote_outcome_ck" CHECK ("meeting_vote"."outcome" in ('passed','rejected','invalid')),
	CONSTRAINT "meeting_vote_counts_ck" CHECK ("meeting_vote"."yes" >= 0 and "meeting_vote"."no" >= 0 and "meeting_vote"."abstain" >= 0 and "meeting_vote"."yes" + "meeting_vote"."no" + "meeting_vote"."abstain" <= "meeting_vote"."present_voters" and "meeting_vote"."present_voters" <= "meeting_vote"."entitled")
);
--> statement-breakpoint
ALTER TABLE "meeting_vote" ADD CONSTRAINT "meeting_vote_meeting_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meeting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote" ADD CONSTRAINT "meeting_vote_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_vote_uq" ON "meeting_vote" USING btree ("meeting_id","position");--> statement-breakpoint
-- Hand-written (decision 0018): votes are audited like the meetings (migration 0012), filed under the meeting's org
CREATE TRIGGER meeting_vote_audit AFTER INSERT OR UPDATE OR DELETE ON meeting_vote FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
