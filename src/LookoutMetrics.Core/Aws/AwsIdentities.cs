using System;
using System.Collections;
using System.Runtime.CompilerServices;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// One identity per pipeline: the objects a cmdlet read from AWS remember, in memory only (never in a property, so
    /// never in Export-Clixml, JSON or CSV), the settings request they were read with, and a later cmdlet takes from
    /// them each setting it is not given. The values such a cmdlet binds by property name (a project's ProjectName, a
    /// model's EvaluationManifestUri) are the very string objects of the upstream object, so they are remembered too.
    /// </summary>
    public static class AwsIdentities
    {
        private static readonly ConditionalWeakTable<object, AwsSettingsRequest> Remembered = new ConditionalWeakTable<object, AwsSettingsRequest>();

        // The last string made an object's own (under the lock), so that the images of one manifest share one copy.
        private static string? _lastValue, _lastOwn;
        private static AwsSettingsRequest? _lastRequest;

        /// <summary>Remembers an object written from AWS, and the strings a later cmdlet binds from it by property name.</summary>
        /// <remarks>
        /// The strings are made the object's own first: a project name or URI may be the very string the user gave
        /// (a variable of theirs), which must never come to carry this identity into a later, unrelated command.
        /// </remarks>
        public static void Remember(object item, AwsSettingsRequest request)
        {
            lock (Remembered)
            {
                Add(item, request);
                switch (item)
                {
                    case Project p:
                        p.ProjectName = Own(p.ProjectName, request);
                        break;
                    case ModelSummary m:
                        m.ProjectName = Own(m.ProjectName, request);
                        m.ModelVersion = Own(m.ModelVersion, request);
                        break;
                    case ModelPerformance m:
                        m.ProjectName = Own(m.ProjectName, request);
                        m.ModelVersion = Own(m.ModelVersion, request);
                        m.EvaluationManifestUri = Own(m.EvaluationManifestUri, request);
                        m.EvaluationResultUri = Own(m.EvaluationResultUri, request);
                        break;
                    case EvaluationResult r:
                        r.Source = Own(r.Source, request);
                        break;
                    case EvaluationImage i:
                        i.Source = Own(i.Source, request);
                        break;
                }
            }
        }

        /// <summary>A copy of the string that only this object holds (the same text, another instance), remembered.</summary>
        private static string Own(string? value, AwsSettingsRequest request)
        {
            if (string.IsNullOrEmpty(value)) return value ?? string.Empty;
            if (Remembered.TryGetValue(value!, out var kept) && ReferenceEquals(kept, request)) return value!;
            // The images of one manifest share its name: one copy for all of them.
            if (ReferenceEquals(value, _lastValue) && ReferenceEquals(request, _lastRequest)) return _lastOwn!;
            string own = new string(value!.ToCharArray());
            Add(own, request);
            (_lastValue, _lastRequest, _lastOwn) = (value, request, own);
            return own;
        }

        /// <summary>
        /// The request an upstream object of these bound values was read with, or null. <paramref name="unwrap"/> gives
        /// the object inside a host's wrapper (PowerShell's PSObject), for each value and each item of an array.
        /// </summary>
        public static AwsSettingsRequest? Find(IEnumerable boundValues, Func<object?, object?> unwrap)
        {
            lock (Remembered)
            {
                foreach (object? value in boundValues)
                {
                    var found = Lookup(value, unwrap);
                    if (found != null) return found;
                }
                return null;
            }
        }

        private static AwsSettingsRequest? Lookup(object? value, Func<object?, object?> unwrap)
        {
            value = unwrap(value);
            if (value == null) return null;
            if (Remembered.TryGetValue(value, out var request)) return request;
            if (value is IEnumerable many && !(value is string))
            {
                foreach (object? item in many)
                {
                    var found = item is IEnumerable && !(item is string) ? null : Lookup(item, unwrap);
                    if (found != null) return found;
                }
            }
            return null;
        }

        /// <summary>
        /// The upstream request with what this cmdlet was given put over it, setting by setting: any credential
        /// parameter replaces the upstream credentials as a whole; -Region, -EndpointUrl and -S3EndpointUrl each replace
        /// their own. The upstream credentials include the session's $StoredAWSCredentials as the upstream cmdlet saw it
        /// (they are its identity); -MfaCode and a Set-AWSProxy proxy are this cmdlet's when it has them.
        /// </summary>
        public static AwsSettingsRequest Merge(AwsSettingsRequest upstream, AwsSettingsRequest given, IDictionary bound)
        {
            bool credentials = bound.Contains("ProfileName") || bound.Contains("ProfileLocation") || bound.Contains("AccessKey") ||
                               bound.Contains("SecretKey") || bound.Contains("SessionToken") || bound.Contains("Credential");
            var from = credentials ? given : upstream;
            return new AwsSettingsRequest
            {
                ProfileName = from.ProfileName,
                ProfileLocation = from.ProfileLocation,
                AccessKey = from.AccessKey,
                SecretKey = from.SecretKey,
                SessionToken = from.SessionToken,
                Credential = from.Credential,
                StoredCredentials = from.StoredCredentials,
                Region = bound.Contains("Region") ? given.Region : upstream.Region,
                StoredRegion = bound.Contains("Region") ? given.StoredRegion : upstream.StoredRegion,
                EndpointUrl = bound.Contains("EndpointUrl") ? given.EndpointUrl : upstream.EndpointUrl,
                S3EndpointUrl = bound.Contains("S3EndpointUrl") ? given.S3EndpointUrl : upstream.S3EndpointUrl,
                Mfa = given.Mfa,
                Proxy = given.Proxy ?? upstream.Proxy,
                RequesterPays = bound.Contains("RequesterPays") ? given.RequesterPays : upstream.RequesterPays,
            };
        }

        private static void Add(object key, AwsSettingsRequest request)
        {
            Remembered.Remove(key);
            Remembered.Add(key, request);
        }
    }
}
