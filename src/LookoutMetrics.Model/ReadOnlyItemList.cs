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
}
