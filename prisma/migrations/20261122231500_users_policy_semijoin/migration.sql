-- The users policy as a semi-join: the workspace's member ids are read once per query
-- instead of probing memberships for every user row.
DROP POLICY members_of_workspace ON "users";
CREATE POLICY members_of_workspace ON "users" TO switchboard_tenant
  USING ("id" IN (SELECT m."user_id" FROM "memberships" m WHERE m."workspace_id" = app_workspace_id()));
