// One helper for services that take a `Db`: run the work in a transaction, or, when the caller
// already passed one, inside it (a transaction client has no `$transaction`).
import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Db } from "./client";

export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return "$transaction" in db ? (db as unknown as PrismaClient).$transaction(fn) : fn(db);
}
