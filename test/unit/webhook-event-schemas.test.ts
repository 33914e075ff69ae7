import { describe, expect, it } from "vitest";
import { EVENT_EXAMPLES } from "@/lib/webhook-events/examples";
import { EVENT_OBJECTS, EVENT_PAYLOADS, EVENT_SUMMARIES, eventJsonSchema, eventSchemaId } from "@/lib/webhook-events/schemas";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

/** The catalogue's schemas and examples hold each other (the emitters: test/integration/webhook-event-catalogue.test.ts). */
describe("event catalogue schemas", () => {
  it("every event type has a schema, a summary and an example, and no other type does", () => {
    for (const table of [EVENT_OBJECTS, EVENT_PAYLOADS, EVENT_SUMMARIES, EVENT_EXAMPLES]) expect(Object.keys(table).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it("each example is accepted by its own type's schema and refused by every other's", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      for (const other of WEBHOOK_EVENT_TYPES) {
        expect(EVENT_PAYLOADS[other].safeParse(EVENT_EXAMPLES[type]).success, `${type} example under ${other}`).toBe(type === other);
      }
    }
  });

  it("payloads are strict: an extra field, or a call's full caller number, is refused", () => {
    const example = EVENT_EXAMPLES["call.completed"] as { data: { object: Record<string, unknown> } };
    const withNumber = { ...example, data: { object: { ...example.data.object, caller_number: "+2348035550789" } } };
    expect(EVENT_PAYLOADS["call.completed"].safeParse(withNumber).success).toBe(false);
    expect(EVENT_PAYLOADS["webhook.test"].safeParse({ ...EVENT_EXAMPLES["webhook.test"], extra: 1 }).success).toBe(false);
  });

  it("call.completed carries only completed calls; call.failed every other ending", () => {
    const example = EVENT_EXAMPLES["call.failed"] as { data: { object: Record<string, unknown> } };
    for (const status of ["failed", "no_answer", "busy"]) {
      expect(EVENT_PAYLOADS["call.failed"].safeParse({ ...example, data: { object: { ...example.data.object, status } } }).success).toBe(true);
    }
    expect(EVENT_PAYLOADS["call.failed"].safeParse({ ...example, data: { object: { ...example.data.object, status: "completed" } } }).success).toBe(false);
  });

  it("the JSON Schemas are whole (no references), draft 2020-12, closed, and name the type", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      const schema = eventJsonSchema(type);
      expect(JSON.stringify(schema)).not.toContain("$ref");
      expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", additionalProperties: false, description: EVENT_SUMMARIES[type] });
      expect((schema.properties as Record<string, unknown>).type).toEqual({ type: "string", const: type });
    }
    expect(eventSchemaId("knowledge_base.document.ready")).toBe("KnowledgeBaseDocumentReadyEvent");
  });
});
