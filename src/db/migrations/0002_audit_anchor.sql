-- TRUNCATE skips the row-level append-only trigger of 0001: refuse it with a statement-level trigger. There is no
-- setting that lets it through; restore (and the test harness) disable this one trigger by name inside their own
-- transaction, which takes the table owner's rights. Whoever has those rights can do the same, which is why the
-- head of the chain is also anchored outside the database (decision 0003).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION jiceng_audit_append_only();
