"use client";
// What every step renderer needs besides its step: where images live (session or share-scoped
// routes), the conversation's input images by `image_N` number (to draw crops on), and whether
// the view is read-only.
import { createContext, useContext } from "react";

export interface InputImage {
  /** N in `image_N`: 1-based across the whole conversation. */
  index: number;
  key: string;
  width: number;
  height: number;
}

export interface TraceEnv {
  imageUrl: (key: string) => string;
  inputImages: ReadonlyMap<number, InputImage>;
  readOnly: boolean;
}

const TraceEnvContext = createContext<TraceEnv>({
  imageUrl: (key) => `/api/blobs/${key}`,
  inputImages: new Map(),
  readOnly: false,
});

export function TraceEnvProvider({ value, children }: { value: TraceEnv; children: React.ReactNode }) {
  return <TraceEnvContext.Provider value={value}>{children}</TraceEnvContext.Provider>;
}

export function useTraceEnv(): TraceEnv {
  return useContext(TraceEnvContext);
}
