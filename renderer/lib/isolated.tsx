/**
 * Text someone else wrote (a donor's name or message, a target's name), isolated for the bidi
 * algorithm: its direction comes from its own first strong letter (dir="auto") and it cannot
 * reorder the words around it ("يوسف donated €20", not "donated يوسف €20" scrambled).
 */
export function Isolated({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  return <bdi dir="auto" className={className} data-testid={testId}>{text}</bdi>;
}
