/**
 * The seven districts (rayons) around the former NKAO that Armenian forces held, wholly or
 * in part, from 1994 to 2020, with the widely published areas (km²) karabakh.md cites
 * (total area of the district, and the part held after the 1994 ceasefire).
 */
export interface DistrictInfo {
  readonly id: string;
  readonly name: string;
  readonly nameAz: string;
  /** `shapeName` of the unit in geoBoundaries ADM2. */
  readonly adm2Name: string;
  readonly heldInFull: boolean;
  readonly publishedKm2: number;
  readonly publishedHeldKm2: number;
}

export const DISTRICTS: readonly DistrictInfo[] = [
  { id: 'kalbajar', name: 'Kalbajar', nameAz: 'Kəlbəcər', adm2Name: 'Kalbajar District', heldInFull: true, publishedKm2: 1936, publishedHeldKm2: 1936 },
  { id: 'lachin', name: 'Lachin', nameAz: 'Laçın', adm2Name: 'Lachin District', heldInFull: true, publishedKm2: 1835, publishedHeldKm2: 1835 },
  { id: 'qubadli', name: 'Qubadli', nameAz: 'Qubadlı', adm2Name: 'Qubadli District', heldInFull: true, publishedKm2: 802, publishedHeldKm2: 802 },
  { id: 'zangilan', name: 'Zangilan', nameAz: 'Zəngilan', adm2Name: 'Zangilan District', heldInFull: true, publishedKm2: 707, publishedHeldKm2: 707 },
  { id: 'jabrayil', name: 'Jabrayil', nameAz: 'Cəbrayıl', adm2Name: 'Jabrayil District', heldInFull: true, publishedKm2: 1050, publishedHeldKm2: 1050 },
  { id: 'fuzuli', name: 'Fuzuli', nameAz: 'Füzuli', adm2Name: 'Fuzuli District', heldInFull: false, publishedKm2: 1390, publishedHeldKm2: 462 },
  { id: 'agdam', name: 'Agdam', nameAz: 'Ağdam', adm2Name: 'Agdam District', heldInFull: false, publishedKm2: 1150, publishedHeldKm2: 842 },
];

/** Published figures for the whole of the area lost in the 1990s (km²). */
export const PUBLISHED = {
  nkaoKm2: 4388,
  nkaoHeldKm2: 3824,
  districtsHeldKm2: 7634,
  totalHeldKm2: 11458,
} as const;

/**
 * The three districts the statement of 9/10 November 2020 returned to Azerbaijan without
 * a fight, with the deadline of each (and the first deadline where it was extended).
 */
export interface Handover {
  readonly districtId: string;
  readonly deadline: string;
  readonly originalDeadline?: string;
  readonly clause: string;
}

export const HANDOVERS: readonly Handover[] = [
  { districtId: 'agdam', deadline: '2020-11-20', clause: 'Agdam district returned by 20 November 2020 (point 6)' },
  {
    districtId: 'kalbajar',
    deadline: '2020-11-25',
    originalDeadline: '2020-11-15',
    clause: 'Kalbajar district returned by 15 November 2020 (point 6), extended to 25 November 2020',
  },
  { districtId: 'lachin', deadline: '2020-12-01', clause: 'Lachin district returned by 1 December 2020, leaving the Lachin corridor (point 6)' },
];

/** The day a handed-over district was due back, or undefined for districts not handed over. */
export function handoverDeadline(districtId: string): string | undefined {
  return HANDOVERS.find((h) => h.districtId === districtId)?.deadline;
}
