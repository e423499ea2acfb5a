-- The roster in join-date order (decision 0021, issue 9 #7): a page at a big subtree walks this index.
CREATE INDEX "member_joined_idx" ON "member" USING btree ("joined_on","id");