import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { currencyChoices, searchCurrencies } from './currency-search.js';
import './currency.css';

const SHOWN_MAX = 8;

/**
 * A searchable currency field: type a code or a name ("eur", "euro", "yen"), pick with the arrow
 * keys and Enter, or the mouse. Escape or leaving the field keeps the currency chosen before,
 * unless what was typed is a currency's exact code.
 */
export function CurrencyPicker({ value, onChange, testId, label = 'Currency' }: { value: string; onChange: (code: string) => void; testId: string; label?: string }) {
  const listId = useId();
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const open = query !== null;
  const matches = useMemo(() => (open ? searchCurrencies(query).slice(0, SHOWN_MAX) : []), [open, query]);
  const current = currencyChoices().find((c) => c.code === value);

  const pick = (code: string) => {
    setQuery(null);
    if (code !== value) onChange(code);
  };
  const close = () => {
    const exact = query === null ? undefined : currencyChoices().find((c) => c.code === query.trim().toUpperCase());
    if (exact) pick(exact.code);
    else setQuery(null);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setQuery('');
        setActive(0);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (matches.length === 0 ? 0 : (index + step + matches.length) % matches.length));
    } else if (event.key === 'Enter' && open) {
      // Enter chooses the highlighted currency; it does not send the form around the field.
      event.preventDefault();
      const chosen = matches[active];
      if (chosen) pick(chosen.code);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setQuery(null);
    }
  };

  return (
    <span className="currency-picker">
      <input
        ref={input}
        data-testid={testId}
        data-value={value}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${listId}-${matches[active].code}` : undefined}
        autoComplete="off"
        spellCheck={false}
        value={open ? query : value}
        title={current ? `${current.code}: ${current.name}` : value}
        onFocus={(e) => {
          setQuery('');
          setActive(0);
          e.currentTarget.select();
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      {open && (
        <ul className="currency-options" id={listId} role="listbox" data-testid={`${testId}-options`}>
          {matches.length === 0 && <li className="currency-none">No currency matches “{query}”</li>}
          {matches.map((choice, index) => (
            <li
              key={choice.code}
              id={`${listId}-${choice.code}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              data-code={choice.code}
              // mousedown, not click: it comes before the field's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(choice.code);
                input.current?.blur();
              }}
            >
              <strong>{choice.code}</strong> <span>{choice.name}</span>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}
