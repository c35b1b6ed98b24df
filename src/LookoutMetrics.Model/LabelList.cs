using System;
using System.Collections;
using System.Collections.Generic;

namespace LookoutMetrics
{

    /// <summary>Label names that print as "crack;burn".</summary>
    public sealed class LabelList : ReadOnlyItemList<string>
    {
        public static readonly LabelList Empty = new LabelList(Array.Empty<string>());

        public LabelList(IEnumerable<string> items) : base(items)
        {
        }

        public override string ToString() => string.Join(";", this);
    }
}
