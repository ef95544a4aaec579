import { useEffect, useRef, useState } from 'react';

/** A search field that takes focus when its screen opens and reports the trimmed text as it is typed. */
export function SearchBox({ label, placeholder, onSearch }: { label: string; placeholder: string; onSearch: (q: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  useEffect(() => ref.current?.focus(), []);
  return (
    <label className="search">
      {label}
      <input
        ref={ref}
        value={value}
        placeholder={placeholder}
        onChange={(e) => {
          setValue(e.target.value);
          onSearch(e.target.value.trim());
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setValue('');
            onSearch('');
          }
        }}
      />
    </label>
  );
}
