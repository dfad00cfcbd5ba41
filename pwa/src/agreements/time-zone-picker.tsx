import { isKnownTimeZone } from '@pactline/shared';
import { useId } from 'preact/hooks';
import { describedBy } from '../ui/fields';

function supportedZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

type Props = { label: string; value: string; onChange: (zone: string) => void; disabled?: boolean };

/** A searchable list of IANA zones (the browser's own list), with a message for an unknown name. */
export function TimeZonePicker({ label, value, onChange, disabled }: Props) {
  const id = useId();
  const isKnown = isKnownTimeZone(value);
  return (
    <div class="field">
      <label for={`${id}-zone`}>{label}</label>
      <input
        id={`${id}-zone`}
        name="timeZone"
        list={`${id}-zones`}
        value={value}
        disabled={disabled}
        aria-invalid={!isKnown}
        aria-describedby={describedBy(!isKnown && `${id}-zone-error`)}
        onChange={(event) => onChange(event.currentTarget.value.trim())}
      />
      <datalist id={`${id}-zones`}>
        {supportedZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {!isKnown && (
        <p id={`${id}-zone-error`} class="error" role="alert">
          unknown time zone: use an IANA name such as America/New_York
        </p>
      )}
    </div>
  );
}
