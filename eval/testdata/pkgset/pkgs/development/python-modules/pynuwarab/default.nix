{ lib, buildPythonPackage, fetchPypi, pytestCheckHook }:

buildPythonPackage rec {
  pname = "pynuwarab";
  version = "4.15";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "3cbcd4e2496bb11ee7e019fa687b57e3d2d538d51e7a82d0e5142b6c7bb87114";
  };

  nativeBuildInputs = [ pytestCheckHook ];
  propagatedBuildInputs = [ ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pynuwarab library, generated";
    homepage = "https://example.org/projects/pynuwarab";
    license = licenses.zlib;
    platforms = platforms.all;
    maintainers = with maintainers; [ alice ];
  };
}
