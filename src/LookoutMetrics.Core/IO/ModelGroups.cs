using System;
using System.Collections;
using System.Collections.Generic;

namespace LookoutMetrics.IO
{
    /// <summary>
    /// One item per model version (project and version), in the order each model was first seen: how every cmdlet
    /// that reads several models' images at once keeps them apart (score sets, segmentation metrics, report inputs).
    /// </summary>
    public sealed class ModelGroups<T> : IReadOnlyList<T>
    {
        private readonly Dictionary<(string, string), T> _byModel = new Dictionary<(string, string), T>();
        private readonly List<T> _inOrder = new List<T>();

        /// <summary>The item of a model, made by <paramref name="create"/> the first time the model is seen.</summary>
        public T For(string projectName, string modelVersion, Func<T> create)
        {
            var key = (projectName, modelVersion);
            if (!_byModel.TryGetValue(key, out var item))
            {
                item = create();
                _byModel.Add(key, item);
                _inOrder.Add(item);
            }
            return item;
        }

        /// <summary>The item of a model, or default when the model has not been seen.</summary>
        public T? Find(string projectName, string modelVersion) => _byModel.TryGetValue((projectName, modelVersion), out var item) ? item : default;

        public int Count => _inOrder.Count;

        public T this[int index] => _inOrder[index];

        public IEnumerator<T> GetEnumerator() => _inOrder.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
