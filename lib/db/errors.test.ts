import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isConnectionError, isUniqueViolation } from "./errors";
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from "./testing";

describe.each(DATABASE_KINDS)("database errors on %s", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.dispose());

  it("recognises a unique violation from either adapter, in and out of transactions", async () => {
    await db.prisma.workspace.create({ data: { slug: "dup", name: "a" } });
    const plain = await db.prisma.workspace.create({ data: { slug: "dup", name: "b" } }).catch((e: unknown) => e);
    const inTx = await db.prisma
      .$transaction((tx) => tx.workspace.create({ data: { slug: "dup", name: "c" } }))
      .catch((e: unknown) => e);
    expect(isUniqueViolation(plain)).toBe(true);
    expect(isUniqueViolation(inTx)).toBe(true);
    expect(isConnectionError(plain)).toBe(false);
  });
});

describe("isConnectionError", () => {
  it("sees through wrapped causes", () => {
    expect(isConnectionError({ message: "x", cause: { code: "ECONNREFUSED" } })).toBe(true);
    expect(isConnectionError(new Error("syntax error at or near"))).toBe(false);
    // Prisma's "Unable to start a transaction in the given time": the pool stayed busy.
    expect(isConnectionError({ code: "P2028", message: "Transaction API error" })).toBe(true);
  });

  it("sees a closed connection that Prisma reports as P1017 with the adapter's error in meta", () => {
    // What a query gets when PostgreSQL's connection is cut mid-flight (the run status route gave
    // a 500 internal:server for it).
    const closed = {
      name: "PrismaClientKnownRequestError",
      code: "P1017",
      message: "Invalid `prisma.apiKey.findFirst()` invocation:\n\nServer has closed the connection.",
      meta: {
        modelName: "ApiKey",
        driverAdapterError: { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } },
      },
    };
    expect(isConnectionError(closed)).toBe(true);
    expect(isConnectionError({ code: "P1001", message: "Can't reach the database server" })).toBe(true);
    expect(isConnectionError({ meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } })).toBe(true);
    expect(isConnectionError({ code: "P2025", message: "Record not found", meta: { modelName: "Run" } })).toBe(false);
  });
});
