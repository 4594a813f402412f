import { isValidTimeZone } from '../../../tenant-file/relative-time.js';

// Time zones as Outlook names them. Graph accepts (and echoes) Windows zone names ("Pacific
// Standard Time") and IANA names ("America/Los_Angeles") in dateTimeTimeZone and in
// `Prefer: outlook.timezone`. Windows names map to IANA through CLDR's windowsZones table
// (territory 001); the common ones are listed here, anything else must be an IANA name.
// Offsets are cached per (zone, quarter hour): every real zone changes offset on a quarter-hour
// boundary, and calendarView converts every start and end of every page.

const WINDOWS_TO_IANA: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'tzone://Microsoft/Utc': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'Morocco Standard Time': 'Africa/Casablanca',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Iran Standard Time': 'Asia/Tehran',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Calcutta',
  'Nepal Standard Time': 'Asia/Katmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Taipei Standard Time': 'Asia/Taipei',
  'W. Australia Standard Time': 'Australia/Perth',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'Eastern Standard Time': 'America/New_York',
  'SA Pacific Standard Time': 'America/Bogota',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'Pacific SA Standard Time': 'America/Santiago',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
};

const WINDOWS_LOWER = new Map(Object.entries(WINDOWS_TO_IANA).map(([k, v]) => [k.toLowerCase(), v]));
const IANA_TO_WINDOWS = new Map<string, string>();
for (const [win, iana] of Object.entries(WINDOWS_TO_IANA)) if (!IANA_TO_WINDOWS.has(iana) && !win.startsWith('tzone:') && win !== 'Coordinated Universal Time') IANA_TO_WINDOWS.set(iana, win);

/** A zone as the client named it, and the IANA zone that computes it. */
export interface Zone {
  /** Echoed back in responses (dateTimeTimeZone.timeZone, Preference-Applied). */
  name: string;
  iana: string;
}

export const UTC_ZONE: Zone = { name: 'UTC', iana: 'UTC' };

const resolved = new Map<string, Zone | null>();

/** The zone for a Windows or IANA name; undefined when Graph would not know it either. */
export function resolveZone(name: string): Zone | undefined {
  const trimmed = name.trim();
  let z = resolved.get(trimmed);
  if (z === undefined) {
    const win = WINDOWS_LOWER.get(trimmed.toLowerCase());
    if (win) z = { name: trimmed, iana: win };
    else if (trimmed !== '' && isValidTimeZone(trimmed)) z = { name: trimmed, iana: trimmed };
    else z = null;
    if (resolved.size > 1000) resolved.clear();
    resolved.set(trimmed, z);
  }
  return z ?? undefined;
}

/** The Windows name Outlook reports for an IANA zone (originalStartTimeZone), or the IANA name. */
export function windowsNameOf(zone: Zone): string {
  if (WINDOWS_LOWER.has(zone.name.toLowerCase())) return zone.name;
  return IANA_TO_WINDOWS.get(zone.iana) ?? zone.iana;
}

// Offsets, wall-clock fields and instants live in src/shared/zone-time.ts (shared with the Google calendar).
export { instantOf, offsetAt, wallAt, type Wall } from '../../../shared/zone-time.js';
