using System;
using System.Reflection;
using Amazon.Runtime;
using LookoutMetrics.Errors;

namespace LookoutMetrics.Aws
{
    /// <summary>
    /// Credentials objects of any origin, read by shape rather than type: another AWSSDK.Core's AWSCredentials (AWS.Tools
    /// loads its own), AWS.Tools' AWSPSCredentials, or a PSCredential.
    /// </summary>
    public static class CredentialObjects
    {
        /// <summary>
        /// Reads a credentials object without depending on its type: an AWSCredentials of this or another AWSSDK.Core
        /// (anything with GetCredentials() returning AccessKey/SecretKey/Token), AWS.Tools' AWSPSCredentials (its
        /// non-public Credentials property), or a PSCredential (user name = access key, password = secret key).
        /// </summary>
        public static AWSCredentials FromObject(object value, string what)
        {
            if (value is AWSCredentials same) return same;
            var type = value.GetType();

            var getCredentials = type.GetMethod("GetCredentials", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (getCredentials != null) return new ReflectedCredentials(value, getCredentials, what);

            var inner = type.GetProperty("Credentials", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (inner != null && inner.GetValue(value) is object wrapped && !ReferenceEquals(wrapped, value)) return FromObject(wrapped, what);

            var userName = type.GetProperty("UserName", BindingFlags.Public | BindingFlags.Instance);
            var network = type.GetMethod("GetNetworkCredential", BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
            if (userName != null && network?.Invoke(value,
                null) is System.Net.NetworkCredential nc && userName.GetValue(value) is string user && user.Length > 0)
                return new BasicAWSCredentials(user, nc.Password);

            throw new AwsSettingsException(ErrorIds.InvalidCredentialObject,
                $"{what} is a {type.FullName}, which holds no AWS credentials. Give an AWSCredentials object (New-AWSCredential), " +
                "a PSCredential whose user name is the access key and password the secret key, or use -ProfileName.", type.FullName);
        }

        /// <summary>Credentials of another AWSSDK.Core, asked again on every request (so refreshing ones refresh).</summary>
        private sealed class ReflectedCredentials : AWSCredentials
        {
            private readonly object _source;
            private readonly MethodInfo _getCredentials;
            private readonly string _what;

            public ReflectedCredentials(object source, MethodInfo getCredentials, string what)
            {
                _source = source;
                _getCredentials = getCredentials;
                _what = what;
            }

            public override ImmutableCredentials GetCredentials()
            {
                object? result;
                try
                {
                    result = _getCredentials.Invoke(_source, null);
                }
                catch (TargetInvocationException e)
                {
                    throw new AwsSettingsException(ErrorIds.InvalidCredentialObject, $"{_what} could not give credentials: " +
                        $"{e.InnerException?.Message}", null, e.InnerException);
                }
                if (result is ImmutableCredentials same) return same;
                string? Read(string name) => result?.GetType().GetProperty(name)?.GetValue(result) as string;
                string? access = Read("AccessKey"), secret = Read("SecretKey"), token = Read("Token");
                if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret))
                    throw new AwsSettingsException(ErrorIds.InvalidCredentialObject, $"{_what} gave no access key and secret key.");
                return new ImmutableCredentials(access, secret, token);
            }
        }
    }
}
