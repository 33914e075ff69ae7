// The schemas live in their domains now (lib/calls, lib/webhooks, …). Two dashboard action
// modules still import these from here and are outside this change; delete this file once
// app/(dashboard)/[workspace]/{developers/webhooks,test-calls}/actions.ts import the domains.
export { createTestCallBody } from "../../calls/schemas";
export { createWebhookEndpointBody, rotateSecretBody } from "../../webhooks/schemas";
