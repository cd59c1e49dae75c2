// Turning a search box's text into a safe, literal, case-insensitive MongoDB pattern.

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
