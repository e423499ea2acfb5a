-- The probationary periods by org with every column the daily evaluation's probation check reads (decision 0052,
-- session 21): a batch's orgs are read as a few ranges of this index only, instead of every period of the orgs
-- (~25k buffers a batch of 2,000 orgs → ~120). One entry per probationary period (about half of all periods).
CREATE INDEX "member_period_probation_ix" ON "member_period" USING btree ("org_id","valid_to","valid_from","member_id") WHERE "member_period"."status" = 'probationary';
--> statement-breakpoint
-- The meetings by org carry their id (decision 0052, session 21): 第九条's candidates of a batch take their orgs'
-- meetings from the index alone (~120 pages a batch) instead of each attended meeting by key (~29k buffers).
DROP INDEX "meeting_org_idx";--> statement-breakpoint
CREATE INDEX "meeting_org_idx" ON "meeting" USING btree ("org_id","held_on","id");
