using System;

namespace LookoutMetrics.Succession
{
    /// <summary>
    /// The successor's name when -ModelName is not given, from where its predictions were read: the first folder or
    /// prefix given; else a single file of many predictions by its name ('anomalib.csv' is 'anomalib'); else the folder
    /// every file is below ('./runs/sagemaker-1' with its anomaly/ and normal/ folders is 'sagemaker-1').
    /// </summary>
    public sealed class SuccessorName
    {
        private string? _root, _common;
        private bool _commonIsFile;

        /// <summary>A folder or prefix given: the first one names the successor.</summary>
        public void AddRoot(string folder) => _root ??= folder;

        /// <summary>A file read: narrows the folder every file read so far is below (or the one file, while there is only one).</summary>
        public void AddFile(string location)
        {
            if (_common == null)
            {
                _common = location;
                _commonIsFile = true;
                return;
            }
            int length = 0, lastSeparator = -1;
            while (length < _common.Length && length < location.Length && _common[length] == location[length])
            {
                if (_common[length] == '/' || _common[length] == '\\') lastSeparator = length;
                length++;
            }
            // '/a/b' and '/a/b/c' share '/a/b' itself.
            if (length == _common.Length && length < location.Length && (location[length] == '/' || location[length] == '\\')) lastSeparator = length;
            _common = lastSeparator < 0 ? string.Empty : _common.Substring(0, lastSeparator);
            _commonIsFile = false;
        }

        /// <summary>The name, given how many predictions the files held.</summary>
        public string Of(int predictions)
        {
            if (_root != null)
            {
                var root = Sources.Location.Segments(_root);
                if (root.Length > 0) return root[root.Length - 1];
            }
            var segments = Sources.Location.Segments(_common ?? string.Empty);
            if (segments.Length == 0) return "successor";
            string leaf = segments[segments.Length - 1];
            if (!_commonIsFile) return leaf;
            if (predictions > 1) return System.IO.Path.GetFileNameWithoutExtension(leaf);
            return segments.Length > 1 ? segments[segments.Length - 2] : System.IO.Path.GetFileNameWithoutExtension(leaf);
        }
    }
}
