using System;
using System.Collections;
using System.Collections.Generic;

namespace LookoutMetrics
{
    /// <summary>
    /// A read-only list that prints as its items joined: Export-Csv and ConvertTo-Csv show the items, never a type
    /// name, while Where-Object -contains, indexing and Count still work, and ConvertTo-Json writes an array.
    /// </summary>
    public abstract class ReadOnlyItemList<T> : IList<T>, IReadOnlyList<T>
    {
        private readonly T[] _items;

        protected ReadOnlyItemList(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

        public int Count => _items.Length;
        public bool IsReadOnly => true;

        public T this[int index]
        {
            get => _items[index];
            set => throw ReadOnly();
        }

        public bool Contains(T item) => Array.IndexOf(_items, item) >= 0;
        public int IndexOf(T item) => Array.IndexOf(_items, item);
        public void CopyTo(T[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

        public void Add(T item) => throw ReadOnly();
        public void Clear() => throw ReadOnly();
        public void Insert(int index, T item) => throw ReadOnly();
        public bool Remove(T item) => throw ReadOnly();
        public void RemoveAt(int index) => throw ReadOnly();

        private static NotSupportedException ReadOnly() => new NotSupportedException("The list is read-only.");
    }

    /// <summary>Label names that print as "crack;burn".</summary>
    public sealed class LabelList : ReadOnlyItemList<string>
    {
        public static readonly LabelList Empty = new LabelList(Array.Empty<string>());

        public LabelList(IEnumerable<string> items) : base(items)
        {
        }

        public override string ToString() => string.Join(";", this);
    }

    /// <summary>Per-label pixel metrics that print as "crack F1 0.594; scratch F1 0.685" (the -PerLabel rows have every figure).</summary>
    public sealed class PixelClassMetricList : ReadOnlyItemList<PixelClassMetric>
    {
        public static readonly PixelClassMetricList Empty = new PixelClassMetricList(Array.Empty<PixelClassMetric>());

        public PixelClassMetricList(IEnumerable<PixelClassMetric> items) : base(items)
        {
        }

        public override string ToString()
        {
            var parts = new List<string>(Count);
            foreach (var m in this)
                parts.Add(m.ClassName + " F1 " + (m.F1Score.HasValue ? m.F1Score.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a"));
            return string.Join("; ", parts);
        }
    }
}
