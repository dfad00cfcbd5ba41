import { type CalendarDefinition, calendarDefinitionSchema, type Weekday, weekdays } from '@pactline/shared';
import type { WriteResult } from '@pactline/shared/doc';
import { useState } from 'preact/hooks';
import { FormIssues, GroupIssues, TextField } from '../ui/fields';
import { removeAt, replaceAt } from '../ui/list-edits';
import { RemoveButton } from '../ui/remove-button';
import { SaveBar } from '../ui/save-bar';
import { saveOnSubmit } from '../ui/save-on-submit';
import { useDraft } from '../ui/use-draft';
import { issuesByPath } from '../ui/validation';
import { type CountryHoliday, listCountries, publicHolidays } from './country-holidays';
import { importIcsHolidays } from './ics-holidays';
import { TimeZonePicker } from './time-zone-picker';

const dayNames: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

type Props = {
  calendar: CalendarDefinition;
  isReadOnly: boolean;
  onSave: (calendar: CalendarDefinition) => WriteResult;
};

/** Adds dates to a holiday list without duplicates, in date order. */
export function mergeHolidays(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])].sort();
}

export function CalendarEditor({ calendar, isReadOnly, onSave }: Props) {
  const { draft, setDraft, isDirty, reset } = useDraft(calendar);
  const [message, setMessage] = useState<{ kind: 'error' | 'status'; text: string } | null>(null);
  const validation = calendarDefinitionSchema.safeParse(draft);
  const issues = issuesByPath(validation);
  const disabled = isReadOnly;

  const setDay = (day: Weekday, intervals: { start: string; end: string }[]) =>
    setDraft({ ...draft, week: { ...draft.week, [day]: intervals } });

  const addHolidays = (added: readonly string[], source: string) => {
    const merged = mergeHolidays(draft.holidays, added);
    setDraft({ ...draft, holidays: merged });
    setMessage({
      kind: 'status',
      text: `${merged.length - draft.holidays.length} holidays added from ${source}.`,
    });
  };

  const onIcsFile = async (file: File) => {
    const thisYear = new Date().getFullYear();
    const result = importIcsHolidays(await file.text(), [thisYear, thisYear + 1]);
    if (!result.ok) {
      setMessage({ kind: 'error', text: `${file.name}: ${result.message}. Nothing was changed.` });
      return;
    }
    addHolidays(
      result.holidays.map((holiday) => holiday.date),
      `${file.name}${result.skipped ? ` (${result.skipped} events without a date skipped)` : ''}`,
    );
  };

  const save = saveOnSubmit(validation, onSave, {
    onSaved: () => {
      reset();
      setMessage({ kind: 'status', text: 'Calendar saved.' });
    },
    onRefused: (text) => setMessage({ kind: 'error', text }),
  });

  return (
    <form class="card form calendar-editor" aria-label={`Calendar ${calendar.name}`} onSubmit={save}>
      <div class="screen-head">
        <h2>{calendar.name}</h2>
        <span class="muted">version {calendar.version}</span>
      </div>
      <TextField
        label="Name"
        path="name"
        issues={issues}
        disabled={disabled}
        value={draft.name}
        onInput={(name) => setDraft({ ...draft, name })}
      />
      <TimeZonePicker
        label="Time zone"
        value={draft.timeZone}
        disabled={disabled}
        onChange={(timeZone) => setDraft({ ...draft, timeZone })}
      />
      <table class="week">
        <caption>Business hours (local time; split shifts allowed)</caption>
        <tbody>
          {weekdays.map((day) => (
            <tr key={day}>
              <th scope="row">{dayNames[day]}</th>
              <td>
                {draft.week[day].length === 0 && <span class="muted">closed</span>}
                {draft.week[day].map((interval, index) => (
                  <span class="interval" key={`${day}-${index}`}>
                    <input
                      type="time"
                      aria-label={`${dayNames[day]} shift ${index + 1} start`}
                      value={interval.start}
                      disabled={disabled}
                      onChange={(event) =>
                        setDay(day, replaceAt(draft.week[day], index, { start: event.currentTarget.value }))
                      }
                    />
                    –
                    <input
                      type="text"
                      inputMode="numeric"
                      pattern="[0-9]{2}:[0-9]{2}"
                      size={5}
                      aria-label={`${dayNames[day]} shift ${index + 1} end`}
                      value={interval.end}
                      disabled={disabled}
                      onChange={(event) =>
                        setDay(day, replaceAt(draft.week[day], index, { end: event.currentTarget.value }))
                      }
                    />
                    {!disabled && (
                      <RemoveButton
                        label={`Remove ${dayNames[day]} shift ${index + 1}`}
                        onClick={() => setDay(day, removeAt(draft.week[day], index))}
                      >
                        ✕
                      </RemoveButton>
                    )}
                  </span>
                ))}
                {!disabled && (
                  <button
                    type="button"
                    class="ghost"
                    aria-label={`Add a shift on ${dayNames[day]}`}
                    onClick={() => {
                      const last = draft.week[day].at(-1);
                      const next = last
                        ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' }
                        : { start: '09:00', end: '17:00' };
                      setDay(day, [...draft.week[day], next]);
                    }}
                  >
                    + shift
                  </button>
                )}
                <GroupIssues issues={issues} path={`week.${day}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <fieldset>
        <legend>Holidays ({draft.holidays.length})</legend>
        <ul class="holidays">
          {draft.holidays.map((date) => (
            <li key={date}>
              {date}
              {!disabled && (
                <RemoveButton
                  label={`Remove holiday ${date}`}
                  onClick={() =>
                    setDraft({ ...draft, holidays: draft.holidays.filter((item) => item !== date) })
                  }
                >
                  ✕
                </RemoveButton>
              )}
            </li>
          ))}
        </ul>
        <GroupIssues issues={issues} path="holidays" />
        {!disabled && (
          <div class="row">
            <AddHoliday onAdd={(date) => addHolidays([date], 'the form')} />
            <label class="button ghost file">
              Import an .ics file
              <input
                type="file"
                accept=".ics,text/calendar"
                class="visually-hidden"
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  if (file) void onIcsFile(file);
                  event.currentTarget.value = '';
                }}
              />
            </label>
            <CountryImport
              onImport={(holidays, country) =>
                addHolidays(
                  holidays.map((h) => h.date),
                  country,
                )
              }
            />
          </div>
        )}
      </fieldset>
      <FormIssues issues={issues} paths={['name', 'timeZone', 'week', 'holidays']} />
      {message && (
        <p
          class={message.kind === 'error' ? 'error' : 'hint'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      {!isReadOnly && (
        <SaveBar label="Save calendar" isDirty={isDirty} isValid={validation.success} onDiscard={reset} />
      )}
    </form>
  );
}

function AddHoliday({ onAdd }: { onAdd: (date: string) => void }) {
  const [date, setDate] = useState('');
  return (
    <span class="inline">
      <input
        type="date"
        aria-label="Holiday date"
        value={date}
        onInput={(event) => setDate(event.currentTarget.value)}
      />
      <button type="button" class="ghost" disabled={!date} onClick={() => date && onAdd(date)}>
        Add holiday
      </button>
    </span>
  );
}

function CountryImport({ onImport }: { onImport: (holidays: CountryHoliday[], country: string) => void }) {
  const [countries, setCountries] = useState<{ code: string; name: string }[] | null>(null);
  const [country, setCountry] = useState('');
  const [isLoading, setIsLoading] = useState(false);
  if (countries === null) {
    return (
      <button
        type="button"
        class="ghost"
        disabled={isLoading}
        onClick={async () => {
          setIsLoading(true);
          setCountries(await listCountries());
          setIsLoading(false);
        }}
      >
        {isLoading ? 'Loading countries…' : 'Public holidays of a country…'}
      </button>
    );
  }
  return (
    <span class="inline">
      <select
        aria-label="Country"
        value={country}
        onChange={(event) => setCountry(event.currentTarget.value)}
      >
        <option value="">Choose a country</option>
        {countries.map((item) => (
          <option key={item.code} value={item.code}>
            {item.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="ghost"
        disabled={!country || isLoading}
        onClick={async () => {
          setIsLoading(true);
          const year = new Date().getFullYear();
          onImport(await publicHolidays(country, [year, year + 1]), country);
          setIsLoading(false);
        }}
      >
        Import {new Date().getFullYear()}–{new Date().getFullYear() + 1}
      </button>
    </span>
  );
}
