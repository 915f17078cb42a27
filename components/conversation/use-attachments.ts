"use client";
// Images picked, dropped or pasted into the composer, with object-URL previews that are revoked
// when removed or unmounted.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { acceptFiles } from "@/lib/client/upload";

export interface Attachment {
  id: string;
  file: File;
  preview: string;
}

export function useAttachments() {
  const [items, setItems] = useState<Attachment[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const itemsRef = useRef(items);
  useLayoutEffect(() => {
    itemsRef.current = items;
  }, [items]);

  useEffect(() => () => itemsRef.current.forEach((a) => URL.revokeObjectURL(a.preview)), []);

  const add = useCallback((files: readonly File[]) => {
    const { accepted, problems } = acceptFiles(itemsRef.current.length, files);
    setProblems(problems);
    if (accepted.length === 0) return;
    setItems((current) => [
      ...current,
      ...accepted.map((file) => ({ id: crypto.randomUUID(), file, preview: URL.createObjectURL(file) })),
    ]);
  }, []);

  const remove = useCallback((id: string) => {
    setItems((current) => {
      const gone = current.find((a) => a.id === id);
      if (gone) URL.revokeObjectURL(gone.preview);
      return current.filter((a) => a.id !== id);
    });
    setProblems([]);
  }, []);

  const clear = useCallback(() => {
    setItems((current) => {
      current.forEach((a) => URL.revokeObjectURL(a.preview));
      return [];
    });
    setProblems([]);
  }, []);

  return { items, problems, add, remove, clear };
}
