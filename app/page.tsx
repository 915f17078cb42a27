export default function HomePage() {
  return (
    <main id="main" className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold tracking-tight">Loupe</h1>
      <p className="text-muted-foreground mt-2">See, share and trust what your agentic vision model did.</p>
    </main>
  );
}
