import { pinyin } from 'pinyin-pro';

/** Lower-case pinyin initials of a name, letters and digits kept: 阿莫西林胶囊 → amxljn, 0.9%氯化钠 → 09lhn. */
export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
