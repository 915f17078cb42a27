-- At most one queued or running run per turn: two tabs retrying at once get one run, not two.
-- (A partial index, which the Prisma schema cannot express; it is enforced by the database.)
CREATE UNIQUE INDEX "Run_one_active_per_turn" ON "Run"("turnId") WHERE status IN ('queued', 'running');
