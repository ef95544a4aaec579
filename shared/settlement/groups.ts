/** Population groups (困难群体) known to the demo policy; a district's policy may define others. */
export const GROUP_NAMES: Record<string, string> = {
  dibao: '低保',
  tekun: '特困',
  poverty: '建档立卡/防返贫监测',
};

/** A group's Chinese name, or its code when the policy defines a group this list does not know. */
export function groupName(group: string): string {
  return GROUP_NAMES[group] ?? group;
}

/** A person's groups as one line: "低保、特困"; empty when there are none. */
export function groupNames(groups: readonly string[]): string {
  return groups.map(groupName).join('、');
}
