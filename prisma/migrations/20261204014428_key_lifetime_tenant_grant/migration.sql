-- The maximum lifetime of new API keys (issue 19) is an owner's setting, changed in the
-- workspace's scoped transaction like the two-factor policy.
GRANT UPDATE ("max_key_lifetime_days") ON "workspaces" TO switchboard_tenant;
