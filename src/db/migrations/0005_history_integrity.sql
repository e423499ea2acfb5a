CREATE UNIQUE INDEX "member_period_open_uq" ON "member_period" USING btree ("member_id") WHERE "member_period"."valid_to" is null;
--> statement-breakpoint
CREATE UNIQUE INDEX "org_version_open_uq" ON "org_version" USING btree ("org_id") WHERE "org_version"."valid_to" is null;--> statement-breakpoint
-- Hand-written (drizzle cannot express an exclusion constraint; decision 0008): no two periods of one member, and no
-- two versions of one org, overlap. daterange(valid_from, valid_to) is [valid_from, valid_to), unbounded above when
-- valid_to is null, so adjacent periods ([a, b) and [b, c)) do not overlap. btree_gist supplies the gist operator
-- class for the integer key; it is a trusted extension (PostgreSQL 13+: a database owner may create it) and PGlite
-- bundles it (loaded by openDb). Existing rows that overlap make this migration fail, naming the constraint: find
-- them with SELECT a.* FROM member_period a JOIN member_period b ON a.member_id = b.member_id AND a.id < b.id AND
-- daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to).
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE member_period ADD CONSTRAINT member_period_no_overlap
  EXCLUDE USING gist (member_id WITH =, daterange(valid_from, valid_to) WITH &&);
--> statement-breakpoint
ALTER TABLE org_version ADD CONSTRAINT org_version_no_overlap
  EXCLUDE USING gist (org_id WITH =, daterange(valid_from, valid_to) WITH &&);
