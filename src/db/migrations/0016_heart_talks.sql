CREATE TABLE "heart_talk" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heart_talk_party" (
	"id" serial PRIMARY KEY NOT NULL,
	"talk_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "heart_talk" ADD CONSTRAINT "heart_talk_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heart_talk_party" ADD CONSTRAINT "heart_talk_party_talk_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."heart_talk"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heart_talk_party" ADD CONSTRAINT "heart_talk_party_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heart_talk_party" ADD CONSTRAINT "heart_talk_party_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "heart_talk_org_idx" ON "heart_talk" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE UNIQUE INDEX "heart_talk_party_uq" ON "heart_talk_party" USING btree ("talk_id","member_id");--> statement-breakpoint
CREATE INDEX "heart_talk_party_member_idx" ON "heart_talk_party" USING btree ("member_id");--> statement-breakpoint
-- Hand-written (decision 0018): heart talks are audited like the meetings (migration 0012)
CREATE TRIGGER heart_talk_audit AFTER INSERT OR UPDATE OR DELETE ON heart_talk FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER heart_talk_party_audit AFTER INSERT OR UPDATE OR DELETE ON heart_talk_party FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
