import { useState } from 'react';

/** Copies text; where the clipboard is refused (plain http on a LAN), says to select it instead. */
export function CopyButton({ text, testId, label = 'Copy' }: { text: string; testId?: string; label?: string }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'refused'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('refused');
    }
    setTimeout(() => setResult('idle'), 2000);
  };
  return (
    <button type="button" className="quiet copy" data-testid={testId} onClick={() => void copy()}>
      {result === 'copied' ? 'Copied' : result === 'refused' ? 'Select and copy it' : label}
    </button>
  );
}
